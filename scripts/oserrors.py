"""Operating-system errors said in Chinese, with the file they concern."""

from __future__ import annotations

import errno
import os

_REASONS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "文件系统是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.ENOENT: "文件夹不存在",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.EEXIST: "文件已存在",
    errno.ENAMETOOLONG: "文件名太长",
}


def reason(error: OSError) -> str:
    text = _REASONS.get(error.errno, error.strerror or type(error).__name__)
    if error.errno == errno.EEXIST and error.filename and os.path.isfile(error.filename):
        text = "这是一个文件，不是文件夹"  # mkdir(parents=True) met a file on the way
    return f"{text}（{error.filename}）" if error.filename else text
