"""What the evaluation page and the window pad say, in Chinese and in English (`?lang=en`)."""

from __future__ import annotations

LANGUAGES = ("zh", "en")

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "服务评价",
        "pad_title": "窗口评价器",
        "other_language": "English",
        "ticket": "号票",
        "back": "返回我的号票",
        "intro": "您的评价对我们改进服务很重要。请根据本次办事的真实感受选择，评价完全自愿。",
        "level": "满意度",
        "reasons": "原因（可多选；不满意时必选）",
        "reasons_of": "{level}的原因",
        "text": "其他意见（选填，请勿填写身份证号、电话等个人信息）",
        "submit": "提交评价",
        "follow_up": "追加评价（追评）",
        "follow_up_until": "可在 {time} 前追评一次。",
        "not_finished": "该号票尚未办结，办结后即可在此评价。",
        "recorded": "您的评价",
        "count_1": "首次评价",
        "count_2": "追评",
        "thanks": "感谢您的评价！",
        "rectification_open": "您反映的问题已转大厅负责人处理，将在 {deadline} 前回复。",
        "rectification_reply": "整改回复",
        "replied_at": "回复于 {time}",
        "pad_waiting": "请稍候",
        "pad_waiting_hint": "办理结束后，窗口工作人员会邀请您在此评价。",
        "pad_rate": "请为本次服务评价",
        "pad_expires": "此评价页将在 {time} 自动关闭。",
        "pad_thanks_hint": "评价已记录。如有补充，可扫描号票上的二维码追评。",
        "pad_refused": "此评价器无法使用：{reason}",
    },
    "en": {
        "title": "Rate the service",
        "pad_title": "Window evaluation pad",
        "other_language": "中文",
        "ticket": "Ticket",
        "back": "Back to my ticket",
        "intro": "Your rating helps us improve. Choose what you felt; rating is voluntary.",
        "level": "Satisfaction",
        "reasons": "Reasons (any number; required if dissatisfied)",
        "reasons_of": "Reasons for “{level}”",
        "text": "Other comments (optional; please no ID or phone numbers)",
        "submit": "Submit",
        "follow_up": "Add a follow-up rating",
        "follow_up_until": "You may add one follow-up until {time}.",
        "not_finished": "This ticket is not finished yet; rate it here once it is.",
        "recorded": "Your rating",
        "count_1": "First rating",
        "count_2": "Follow-up",
        "thanks": "Thank you for your rating!",
        "rectification_open": "The hall's managers look into it and reply by {deadline}.",
        "rectification_reply": "The hall's reply",
        "replied_at": "Replied {time}",
        "pad_waiting": "Please wait",
        "pad_waiting_hint": "When your visit is finished, the clerk invites you to rate it here.",
        "pad_rate": "Please rate this visit",
        "pad_expires": "This form closes by itself at {time}.",
        "pad_thanks_hint": "Recorded. To add more later, scan the QR code on your ticket.",
        "pad_refused": "This pad cannot be used: {reason}",
    },
}


def language(wanted: str | None) -> str:
    return wanted if wanted in LANGUAGES else "zh"
