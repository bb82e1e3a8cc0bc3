"""朗读 (read aloud) in Chromium with a stubbed speechSynthesis: order, highlight, pause, speed, no voice."""

from __future__ import annotations

import json

import pytest
from browser import serve_site
from support import ScratchSite

pytestmark = pytest.mark.browser

BODY = """
## 第一节

甲句一。甲句二！

## 第二节

乙句一？乙句二；乙句三。

这一句很长很长，它有好几个逗号，要在逗号后面再切一刀，这样高亮才能跟上声音，
不然一整段都亮着，老同志不知道读到了哪里，所以要切开来读，一段一段地读给大家听，听得清楚也跟得上。
"""
SENTENCES = [
    "朗读测试",
    "第一节",
    "甲句一。",
    "甲句二！",
    "第二节",
    "乙句一？",
    "乙句二；",
    "乙句三。",
]

# The stub records what the page asks for; `finish()` ends the current utterance like a real voice.
STUB = """
(() => {
  const tts = (window.__tts = { log: [], current: null, listeners: [], voices: %s });
  tts.finish = () => { const u = tts.current; tts.current = null; if (u && u.onend) u.onend({}); };
  tts.voicesChanged = (voices) => { tts.voices = voices; tts.listeners.forEach((f) => f()); };
  const synth = {
    paused: false,
    getVoices: () => tts.voices,
    speak(u) { tts.log.push({ text: u.text, rate: u.rate, lang: u.lang, voice: u.voice && u.voice.name }); tts.current = u; },
    cancel() {
      tts.log.push("cancel");
      const u = tts.current;
      tts.current = null;
      if (u && u.onerror) setTimeout(() => u.onerror({ error: "interrupted" }), 0);
    },
    pause() {}, resume() {},
    addEventListener(type, f) { if (type === "voiceschanged") tts.listeners.push(f); },
  };
  Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();
"""
ZH = [
    {"name": "Google 普通话", "lang": "zh-CN", "localService": False},
    {"name": "Ting-Ting", "lang": "zh-CN", "localService": True},
    {"name": "Samantha", "lang": "en-US", "localService": True},
]


@pytest.fixture(scope="module")
def aloud_site(tmp_path_factory):
    project = ScratchSite(tmp_path_factory.mktemp("aloud"))
    project.unit("aloud", title="朗读测试", body=BODY)
    project.case("case")
    assert project.build() == 0
    with serve_site(project.path / "site") as base:
        yield base


def _open(phone, base, voices=ZH, page="units/aloud.html"):
    phone.add_init_script(STUB % json.dumps(voices))
    phone.goto(base + page)


def _log(phone) -> list:
    """Every utterance spoken ({text, rate, lang, voice}) and every "cancel", in order."""
    return phone.evaluate("window.__tts.log")


def _spoken(phone) -> list[dict]:
    return [entry for entry in _log(phone) if entry != "cancel"]


def _start(phone):
    """Tap 朗读 and wait for the first sentence (readaloud.js is loaded at the first tap)."""
    count = len(_spoken(phone))
    phone.get_by_role("button", name="朗读").click()
    phone.wait_for_function(f"window.__tts.log.filter(e => e !== 'cancel').length > {count}")


def _now(phone) -> str:
    return "".join(phone.locator(".xl-say--now").all_inner_texts())


def test_reads_sentences_in_order_and_the_highlight_follows(phone, aloud_site):
    _open(phone, aloud_site)
    start = phone.get_by_role("button", name="朗读")
    _start(phone)
    bar = phone.get_by_role("region", name="朗读")
    assert bar.is_visible()
    heard = []
    for expected in SENTENCES:
        log = _spoken(phone)
        heard.append(log[-1]["text"])
        assert _now(phone) == expected  # the sentence being read is the one highlighted
        phone.evaluate("window.__tts.finish()")
    # The long sentence (over 80 characters, across a source line break) is cut after commas
    # into pieces of at most 50 characters, read in turn.
    while phone.evaluate("window.__tts.current !== null"):
        phone.evaluate("window.__tts.finish()")
    rest = [entry["text"] for entry in _spoken(phone)[len(SENTENCES) :]]
    assert heard == SENTENCES
    assert len(rest) >= 2 and all(len(piece) <= 50 for piece in rest)
    assert "".join(rest).replace(" ", "") == "".join(BODY.split("\n\n")[-1].split())
    assert all(entry["voice"] == "Ting-Ting" and entry["lang"] == "zh-CN" for entry in _spoken(phone))
    # After the last sentence: the bar goes away and nothing stays highlighted.
    assert not bar.is_visible()
    assert phone.locator(".xl-say--now").count() == 0
    assert start.inner_text() == "朗读"


def test_pause_and_continue_repeat_the_current_sentence(phone, aloud_site):
    _open(phone, aloud_site)
    _start(phone)
    phone.evaluate("window.__tts.finish(); window.__tts.finish()")
    assert _now(phone) == "甲句一。"
    bar = phone.get_by_role("region", name="朗读")
    bar.get_by_role("button", name="暂停").click()
    assert _log(phone)[-1] == "cancel"
    phone.wait_for_timeout(50)  # the stub's "interrupted" error arrives and must not move on
    assert _log(phone)[-1] == "cancel"
    assert _now(phone) == "甲句一。"
    assert phone.get_by_role("button", name="继续朗读").is_visible()
    bar.get_by_role("button", name="继续").click()
    assert _spoken(phone)[-1]["text"] == "甲句一。"
    phone.evaluate("window.__tts.finish()")
    assert _spoken(phone)[-1]["text"] == "甲句二！"
    # 停止 ends reading and the next 朗读 starts from the title.
    bar.get_by_role("button", name="停止").click()
    assert not bar.is_visible() and phone.locator(".xl-say--now").count() == 0
    _start(phone)
    assert _spoken(phone)[-1]["text"] == "朗读测试"


def test_speed_applies_at_once_and_is_kept(phone, aloud_site):
    _open(phone, aloud_site)
    _start(phone)
    assert _spoken(phone)[-1]["rate"] == 1
    phone.evaluate("window.__tts.finish()")
    phone.get_by_role("button", name="语速 1.5 倍").click()
    log = _log(phone)
    assert log[-2] == "cancel" and log[-1] == {**log[-1], "text": "第一节", "rate": 1.5}
    phone.evaluate("window.__tts.finish()")
    assert _spoken(phone)[-1]["rate"] == 1.5
    phone.get_by_role("button", name="语速 0.75 倍").click()
    assert _spoken(phone)[-1]["rate"] == 0.75
    assert phone.get_by_role("button", name="语速 0.75 倍").get_attribute("aria-pressed") == "true"
    assert phone.get_by_role("button", name="语速 1.5 倍").get_attribute("aria-pressed") == "false"
    phone.reload()
    _start(phone)
    assert _spoken(phone)[-1]["rate"] == 0.75


def test_a_tap_on_a_sentence_jumps_there(phone, aloud_site):
    _open(phone, aloud_site)
    _start(phone)
    phone.locator(".xl-say", has_text="乙句二").click()
    assert _spoken(phone)[-1]["text"] == "乙句二；"
    assert _now(phone) == "乙句二；"


@pytest.mark.parametrize(
    "voices",
    [
        [],
        [{"name": "Samantha", "lang": "en-US", "localService": True}],
        [{"name": "Google 普通话", "lang": "zh-CN", "localService": False}],  # a network voice: not used
    ],
)
def test_no_button_without_an_offline_chinese_voice(phone, aloud_site, voices):
    _open(phone, aloud_site, voices=voices)
    phone.wait_for_timeout(900)  # past the script's second look at the voices
    assert phone.locator("[data-xl-aloud]:visible").count() == 0
    assert phone.evaluate("window.__tts.log") == []


def test_button_appears_when_the_voices_arrive_late(phone, aloud_site):
    _open(phone, aloud_site, voices=[], page="cases/case.html")
    assert phone.locator("[data-xl-aloud]:visible").count() == 0
    phone.evaluate(f"window.__tts.voicesChanged({json.dumps(ZH)})")
    start = phone.get_by_role("button", name="朗读")
    assert start.is_visible()
    # It sits in the row of page tools, first.
    assert phone.evaluate("document.querySelector('.xl-tools').firstElementChild.hasAttribute('data-xl-aloud')")
    _start(phone)
    assert _spoken(phone)[0]["text"] == phone.locator("article h1").inner_text()
