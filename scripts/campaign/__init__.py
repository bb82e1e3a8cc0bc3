"""宣教活动: campaigns and their activities, units' records (工作记实), progress, 台账 and 测试汇总."""
