"""Everything the kiosk's screens say, Chinese first and English second, in one catalogue.

What the paper receipt says is not here: it comes from the pure kiosk.receipt.

Notices have a `.title` (what happened) and a `.next` (what to do next). Placeholders use
`str.format`; a value that is a `Text` is shown in the language being rendered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from queue_server.client.models import Text

CATALOGUE: dict[str, tuple[str, str]] = {
    # chrome
    "back": ("返回", "Back"),
    "home": ("首页", "Home"),
    "switch_language": ("English", "中文"),
    "large_text_on": ("大字", "Large text"),
    "large_text_off": ("标准字", "Normal text"),
    "offline_banner": ("网络中断：仍可取号，号票同样有效", "Offline: tickets are still valid"),
    "more_below": ("向上滑动查看更多", "Swipe up to see more"),
    "working": ("请稍候……", "One moment, please"),
    # home
    "home_take": ("取号", "Take a ticket"),
    "home_take_hint": ("排队办事", "Queue for a service"),
    "home_checkin": ("预约签到", "Appointment check-in"),
    "home_checkin_hint": ("网上预约过请点这里", "Booked online? Tap here"),
    "home_place": ("查询进度", "My place in the queue"),
    "home_place_hint": ("扫号票或刷身份证", "Scan your ticket or swipe your ID"),
    "home_guide": ("办事指南", "What to bring"),
    "home_guide_hint": ("需要带哪些材料", "Documents you need"),
    "home_waiting": ("当前等候 {n} 人，约 {eta} 分钟", "{n} waiting, about {eta} min"),
    "home_swipe_hint": ("也可以直接刷身份证取号", "Or just swipe your ID card"),
    "home_swipe_hint_booked": (
        "也可以直接刷身份证：预约签到或取号",
        "Or just swipe your ID card to check in or take a ticket",
    ),
    "home_checkin_closed": ("预约签到（暂未开通）", "Appointment check-in (not yet available)"),
    "home_closed": ("本厅现在不办公", "The hall is closed now"),
    "home_opens": ("{when} 开始办理", "Opens {when}"),
    "home_take_closed": ("办公时间内可取号", "Tickets during opening hours"),
    "today_at": ("今天 {time}", "today at {time}"),
    "tomorrow_at": ("明天 {time}", "tomorrow at {time}"),
    "date_at": ("{month}月{day}日 {time}", "on {day} {month_name} at {time}"),
    # take a ticket
    "categories_title": ("请选择办事类别", "Choose a category"),
    "guide_title": ("办事指南：请选择类别", "What to bring: choose a category"),
    "services_title": ("请选择要办的事", "Choose a service"),
    "service_waiting": ("等候 {n} 人 · 约 {eta} 分钟", "{n} waiting · about {eta} min"),
    "service_needs_id": ("需身份证", "ID card needed"),
    "no_services": (
        "暂时无法显示事项，请前往人工导引台咨询",
        "The services cannot be shown now. Please ask at the guidance desk.",
    ),
    "suggest_title": ("这里人多，{hall}人少", "It is busy here; {hall} is quicker"),
    "suggest_here": ("本厅约等 {eta} 分钟", "Here: about {eta} min"),
    "suggest_there": ("{hall} 约等 {eta} 分钟", "{hall}: about {eta} min"),
    "suggest_there_now": ("{hall} 现在无需等候", "{hall}: no wait now"),
    "suggest_address": ("地址：{address}", "Address: {address}"),
    "suggest_stay": ("仍在这里取号", "Take a ticket here"),
    "suggest_go": ("去那里办", "Go there"),
    "identify_title": ("请刷身份证", "Please swipe your ID card"),
    "identify_body": ("把身份证放在读卡区上", "Place your ID card on the reader"),
    "identify_scan": ("也可以扫描电子证照二维码", "Or scan your e-licence QR code"),
    "open_keypad": ("手动输入身份证号", "Type the ID number"),
    "keypad_title": ("请输入身份证号码", "Type your ID number"),
    "keypad_wrong": (
        "身份证号码有误，请核对后重新输入",
        "This ID number is not valid. Check it and type it again.",
    ),
    "keypad_delete": ("删除", "Delete"),
    "keypad_ok": ("确定", "OK"),
    "green_title": ("是否需要绿色通道？", "Do you need priority service?"),
    "green_body": (
        "老年人、残疾人、军人等可优先办理",
        "For the elderly, people with disabilities and military personnel",
    ),
    "yes": ("需要", "Yes"),
    "no": ("不需要", "No"),
    # the ticket
    "ticket_title": ("您的号码", "Your number"),
    "ticket_ahead": ("前面还有 {n} 人", "{n} people ahead of you"),
    "ticket_eta": ("预计等候约 {eta} 分钟", "About {eta} minutes"),
    "ticket_watch": ("请留意叫号屏和广播", "Watch the screen and listen for your number"),
    "ticket_printed": ("请取走号票", "Please take your printed ticket"),
    "ticket_photo": ("请拍照保存", "Please take a photo of this screen"),
    "ticket_photo_body": (
        "打印机暂时不能打印，这个号同样有效",
        "The printer cannot print right now; this number is valid.",
    ),
    "ticket_qr": ("手机扫码看进度", "Scan with your phone to follow the queue"),
    "ticket_offline": (
        "网络中断时取的号，同样有效",
        "Issued while the network was down; valid as usual",
    ),
    "ticket_green": ("绿色通道", "Priority"),
    "ticket_elsewhere": (
        "人少的大厅：{hall} 约等 {eta} 分钟",
        "Shorter wait: {hall}, about {eta} min",
    ),
    "ticket_elsewhere_now": (
        "人少的大厅：{hall} 现在无需等候",
        "Shorter wait: {hall}, no wait now",
    ),
    "ticket_reprinted": ("补打号票 · 号码不变", "Reprinted · same number"),
    "done": ("完成", "Done"),
    # SMS reminders (a phone typed on request)
    "sms_button": ("短信提醒", "SMS reminder"),
    "sms_offline": ("网络中断，暂时不能短信提醒", "No SMS reminders while the network is down"),
    "sms_set": ("提醒将发送至 {masked}", "Reminders go to {masked}"),
    "phone_title": ("请输入手机号码", "Type your mobile number"),
    "phone_hint": (
        "快轮到您和叫号时发短信提醒您",
        "We text you when your turn is near and when you are called",
    ),
    "phone_wrong": (
        "手机号码应为 13 至 19 开头的 11 位数字",
        "A mobile number has 11 digits and starts 13 to 19. Please check it.",
    ),
    "phone_done_body": (
        "快轮到您和叫号时，会发短信提醒您",
        "You will get a text when your turn is near and when you are called",
    ),
    "phone_done_note": (
        "本机不保存您的手机号码，今天结束后号码即删除",
        "This kiosk keeps no copy; the number is erased at the end of today",
    ),
    "back_to_ticket": ("返回号票", "Back to my ticket"),
    # check-in, my place, what to bring
    "checkin_title": ("预约签到", "Appointment check-in"),
    "checkin_body": (
        "请刷身份证，或扫描预约二维码",
        "Swipe your ID card or scan your booking code",
    ),
    "open_code_pad": ("输入签到码", "Type the check-in code"),
    "code_title": ("请输入签到码", "Type your check-in code"),
    "code_hint": ("8 位签到码见预约短信或预约页面", "The 8-character code is in your booking"),
    "code_wrong": ("签到码为 6 到 8 位，请核对", "The code has 6 to 8 characters"),
    "ticket_slot": ("预约 {slot} · 优先办理", "Appointment {slot} · served first"),
    "place_scan_title": ("查询进度", "My place in the queue"),
    "place_scan_body": (
        "请把号票上的二维码对准扫描口，或刷身份证",
        "Hold your ticket's QR code to the scanner, or swipe your ID card",
    ),
    "my_tickets_title": ("您今天的号", "Your tickets today"),
    "my_ticket_waiting": ("前面还有 {n} 人 · 约 {eta} 分钟", "{n} ahead · about {eta} min"),
    "place_called": ("请到{window}办理", "Please go to {window}"),
    "place_serving": ("正在{window}办理", "Being served at {window}"),
    "place_done": ("已经办完", "Finished"),
    "place_no_show": ("已过号，请重新取号", "Your number was missed; please take a new ticket"),
    "place_other": ("这个号已经失效", "This ticket is no longer valid"),
    "materials_title": ("需要带的材料", "What to bring"),
    "materials_none": ("不需要另外的材料", "Nothing extra is needed"),
    "normal_ticket": ("取普通号", "Take a normal ticket"),
    "reprint": ("补打号票", "Print my ticket again"),
    "go_on": ("继续取号", "Take a ticket anyway"),
    "retype_code": ("重新输入签到码", "Type the code again"),
    "materials_take": ("取这个事项的号", "Take a ticket for this"),
    "materials_print": ("打印材料清单", "Print this list"),
    "materials_printed": ("清单已打印，请取走", "Printed: please take the list"),
    "materials_not_printed": (
        "现在不能打印，请拍照保存",
        "Cannot print now; please take a photo",
    ),
    # idle
    "idle_title": ("还在吗？", "Are you still there?"),
    "idle_body": ("{n} 秒后回到首页", "Back to the start in {n} s"),
    "idle_continue": ("我还在", "I'm still here"),
}

NOTICES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "service_unavailable": (
        ("这个事项现在不能取号", "This service cannot take tickets now"),
        ("请前往人工导引台咨询", "Please ask at the guidance desk"),
    ),
    "go_elsewhere": (
        ("请前往{hall}", "Please go to {hall}"),
        ("地址：{address}。那里约等 {eta} 分钟", "Address: {address}. Wait there: about {eta} min"),
    ),
    "code_not_understood": (
        ("看不懂这个二维码", "This code could not be read"),
        ("请换一个二维码，或点返回", "Try another code, or tap Back"),
    ),
    "duplicate_ticket": (
        ("您已经取过这个事项的号", "You already have a ticket for this service"),
        ("请等候叫号，不用再取", "Please wait for your call; no need for another"),
    ),
    "duplicate_reprint": (
        ("您已经取过这个事项的号", "You already have a ticket for this service"),
        ("请等候叫号；号票丢了可以补打", "Please wait for your call; lost it? Print it again"),
    ),
    "id_expired": (
        ("您的身份证已过期", "Your ID card has expired"),
        (
            "仍可取号，办理时工作人员会核对；也可办理身份证换领",
            "You can still take a ticket; the clerk will check it. You can renew the card here",
        ),
    ),
    "no_ticket_today": (
        ("今天没有找到您的号", "No ticket of yours today"),
        ("如需办事，请回首页取号", "To be served, take a ticket on the home screen"),
    ),
    "daily_cap_reached": (
        ("今天这个事项的号已取完", "No more tickets for this service today"),
        ("请明天再来，或在网上预约", "Please come back tomorrow, or book online"),
    ),
    "no_open_window": (
        ("现在没有窗口办理这个事项", "No window serves this right now"),
        ("请前往人工导引台咨询", "Please ask at the guidance desk"),
    ),
    "outside_hours": (
        ("现在不是办理时间", "Outside opening hours"),
        ("请在办公时间再来", "Please come back during opening hours"),
    ),
    "id_card_required": (
        ("这个事项需要身份证", "This service needs an ID card"),
        ("请返回刷身份证或输入号码", "Go back and swipe or type your ID number"),
    ),
    "invalid_id_number": (
        ("身份证号码无效", "The ID number is not valid"),
        ("请返回重新刷卡或输入", "Go back and swipe or type it again"),
    ),
    "token_expired": (
        ("本机登录已过期", "This kiosk's login has expired"),
        ("请联系工作人员", "Please ask a member of staff"),
    ),
    "appointments_unavailable": (
        ("预约签到暂时不能使用", "Appointment check-in is not available now"),
        ("您可以取一张普通号", "You can take a normal ticket"),
    ),
    "appointment_not_found": (
        ("没有找到您今天的预约", "No appointment found for today"),
        ("您可以取一张普通号", "You can take a normal ticket"),
    ),
    "too_early": (
        ("还没到签到时间", "It is too early to check in"),
        (
            "{opens_at} 起可以签到；也可以现在取普通号",
            "Check-in opens at {opens_at}; or take a normal ticket now",
        ),
    ),
    "too_early_now": (
        ("还没到签到时间", "It is too early to check in"),
        ("请稍后再来签到；也可以现在取普通号", "Please come back later, or take a normal ticket"),
    ),
    "too_late": (
        ("预约时间已过，不能签到", "Your appointment time has passed"),
        ("您可以取一张普通号排队", "You can take a normal ticket"),
    ),
    "invalid_code": (
        ("签到码不对", "This check-in code is not valid"),
        (
            "请核对后重新输入，或刷身份证签到",
            "Check it and type it again, or swipe your ID card instead",
        ),
    ),
    "appointment_cancelled": (
        ("这个预约已经取消", "This appointment was cancelled"),
        ("您可以取一张普通号", "You can take a normal ticket"),
    ),
    "appointment_no_show": (
        ("这个预约已经失效（未按时签到）", "This appointment has lapsed (not checked in)"),
        ("您可以取一张普通号", "You can take a normal ticket"),
    ),
    "refused": (
        ("现在不能办理", "This cannot be done now"),
        ("请前往人工导引台咨询", "Please ask at the guidance desk"),
    ),
    "offline_checkin": (
        ("网络中断，暂时无法核对预约", "No network: your booking cannot be checked now"),
        (
            "请先取普通号，到窗口时告诉工作人员您已预约",
            "Take a normal ticket and tell the clerk that you booked",
        ),
    ),
    "offline_place": (
        ("网络中断，暂时不能查询", "No network: your place cannot be looked up now"),
        ("请留意叫号屏，稍后再查", "Please watch the screen and try again later"),
    ),
    "phone_offline": (
        ("网络中断，短信提醒暂不可用", "No network: SMS reminders are not available now"),
        ("号票同样有效，请留意叫号屏和广播", "Your ticket is valid; watch the screen"),
    ),
    "not_waiting": (
        ("这个号已经叫到，不需要短信提醒了", "Your number has been called: no reminder is needed"),
        ("请留意叫号屏，前往窗口", "Please watch the screen and go to the window"),
    ),
    "invalid_phone": (
        ("手机号码有误", "The mobile number is not valid"),
        ("请返回核对后重新输入", "Go back, check it and type it again"),
    ),
    "phone_failed": (
        ("短信提醒没有设置成功", "The SMS reminder could not be set"),
        ("号票同样有效，请留意叫号屏和广播", "Your ticket is valid; watch the screen"),
    ),
    "unexpected": (
        ("出了点问题", "Something went wrong"),
        ("请重试，或前往人工导引台咨询", "Please try again, or ask at the guidance desk"),
    ),
}


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _fill(template: str, language: str, params: dict[str, Any]) -> str:
    values = {k: (v.pick(language) if isinstance(v, Text) else v) for k, v in params.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template


class Tr:
    """Text lookups for one language; `.other` gives the second language line."""

    def __init__(self, language: str) -> None:
        self.language = "en" if language == "en" else "zh"
        self.index = 0 if self.language == "zh" else 1

    @property
    def other(self) -> Tr:
        return Tr("zh" if self.language == "en" else "en")

    def __call__(self, key: str, **params: Any) -> str:
        return _fill(CATALOGUE[key][self.index], self.language, params)

    def text(self, value: Text) -> str:
        return value.pick(self.language)

    def when(self, moment: datetime, now: datetime) -> str:
        """`moment` as a citizen says it: today at 09:00, tomorrow at 09:00, on 7 Dec at 09:00."""
        days = (moment.date() - now.date()).days
        key = {0: "today_at", 1: "tomorrow_at"}.get(days, "date_at")
        return self(key, time=moment.strftime("%H:%M"), month=moment.month, day=moment.day,
                    month_name=MONTHS[moment.month - 1])  # fmt: skip

    def closed_until(self, opens: datetime, now: datetime) -> str:
        return f"{self('home_closed')}\n{self('home_opens', when=self.when(opens, now))}"

    def notice(self, key: str, params: dict[str, Any]) -> tuple[str, str]:
        """(what happened, what to do next) for a notice key."""
        title, after = NOTICES.get(key, NOTICES["unexpected"])
        return _fill(title[self.index], self.language, params), _fill(
            after[self.index], self.language, params
        )
