"""知识测试: question banks (materials/quizzes/*.yml), quiz pages, paper tests, Excel import/export."""
