"""What the phone pages say, in Chinese and in English (`?lang=en`)."""

from __future__ import annotations

LANGUAGES = ("zh", "en")

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "我的排队号",
        "other_language": "English",
        "number": "您的号码",
        "ahead": "前面还有",
        "ahead_value": "{n} 人",
        "eta": "预计等候",
        "eta_value": "约 {n} 分钟",
        "eta_range": "约 {low}～{high} 分钟",  # the wave dash of GB/T 15834 (the font has no "–")
        "window": "办理窗口",
        "slot": "预约时段",
        "holder": "持号人",
        "transferred_from": "由 {window} 转来",
        "recalled": "再次呼叫（第 {n} 次）",
        "evaluate": "评价本次服务",
        "updated": "更新于 {time}",
        "waiting": "等候中",
        "called": "请到 {window} 办理",
        "serving": "正在 {window} 办理",
        "done": "已办结，感谢您的耐心等候",
        "no_show": "已过号",
        "cancelled": "已取消",
        "transferred": "已转办",
        "no_show_hint": "如需办理，请到人工导引台咨询。",
        "called_hint": "请尽快前往，以免过号。",
        "eta_soon": "即将轮到您",
        "not_found_title": "找不到这张号票",
        "not_found_body": "链接可能不完整，或号票已过期。请重新扫描号票上的二维码，"
        "或到人工导引台咨询。",
    },
    "en": {
        "title": "My ticket",
        "other_language": "中文",
        "number": "Your number",
        "ahead": "People ahead",
        "ahead_value": "{n}",
        "eta": "Estimated wait",
        "eta_value": "about {n} min",
        "eta_range": "about {low}-{high} min",
        "window": "Window",
        "slot": "Appointment",
        "holder": "Holder",
        "transferred_from": "Transferred from {window}",
        "recalled": "Called again ({n})",
        "evaluate": "Rate this service",
        "updated": "Updated {time}",
        "waiting": "Waiting",
        "called": "Please go to {window}",
        "serving": "Being served at {window}",
        "done": "Finished. Thank you for waiting",
        "no_show": "Missed (no-show)",
        "cancelled": "Cancelled",
        "transferred": "Transferred",
        "no_show_hint": "Please ask at the guidance desk if you still need the service.",
        "called_hint": "Please go now so that you do not miss your turn.",
        "eta_soon": "your turn is next",
        "not_found_title": "Ticket not found",
        "not_found_body": "The link may be incomplete or the ticket has expired. Scan the QR "
        "code on your receipt again, or ask at the guidance desk.",
    },
}
# shown in both languages at once: a person who cannot read one still gets the other
LOST = "连接已断开，正在重连 · Connection lost, reconnecting"
SOUND = "点此开启提醒音 · Tap to enable sound"
SOUND_ON = "提醒音已开启 · Sound on"


def language(asked: str | None) -> str:
    """`en` when asked for, else Chinese."""
    return asked if asked in LANGUAGES else "zh"
