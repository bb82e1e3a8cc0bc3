"""周四学习日: the study plan (materials/schedule.yml), its pages, calendar files, QR codes and handouts."""
