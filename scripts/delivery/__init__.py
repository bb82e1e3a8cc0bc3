"""Delivery: phone reading (font size, read marks, phone-sized images), offline builds, the benchmark."""
