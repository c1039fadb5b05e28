"""Look of the clerk console: calm colours, big touch-friendly buttons, readable type."""

from __future__ import annotations

STYLE = """
QWidget { background: #f4f6f9; color: #1d2733; }
QLabel#title { font-size: 22pt; font-weight: bold; color: #0b3d91; }
QLabel#subtitle { font-size: 13pt; color: #4a5a6c; }
QLabel#header { font-size: 14pt; font-weight: bold; color: #ffffff; background: #0b3d91;
                padding: 10px 16px; }
QLabel#banner { font-size: 15pt; font-weight: bold; color: #ffffff; background: #c62828;
                padding: 10px 16px; }
QLabel#pausedBanner { font-size: 15pt; font-weight: bold; color: #5d4000; background: #ffd54f;
                padding: 10px 16px; }
QLabel#faultBanner { font-size: 14pt; font-weight: bold; color: #ffffff; background: #e65100;
                padding: 8px 16px; }
QFrame#undoBar { background: #fff3e0; border-bottom: 2px solid #e65100; }
QLabel#undoText { font-size: 14pt; font-weight: bold; color: #7a3300; background: transparent; }
QPushButton#undo { font-size: 14pt; font-weight: bold; min-height: 44px; color: #ffffff;
                   background: #e65100; border-color: #e65100; }
QFrame#headerBar { background: #0b3d91; }
QPushButton#tool { font-size: 11pt; min-height: 30px; padding: 2px 10px; background: #ffffff; }
QFrame#headerBar QLineEdit { font-size: 12pt; min-height: 26px; padding: 2px 6px; }
QLabel#busy { font-size: 12pt; color: #0b3d91; }
QLabel#message { font-size: 13pt; padding: 6px 10px; border-radius: 4px; }
QLabel#message[kind="error"] { color: #ffffff; background: #c62828; }
QLabel#message[kind="info"] { color: #1b5e20; background: #e8f5e9; }
QFrame#card { background: #ffffff; border: 1px solid #d0d7e2; border-radius: 8px; }
QLabel#number { font-size: 60pt; font-weight: bold; color: #0b3d91; background: transparent; }
QLabel#idle { font-size: 22pt; color: #7a8796; background: transparent; }
QLabel#service { font-size: 18pt; font-weight: bold; background: transparent; }
QLabel#status { font-size: 15pt; color: #ad5700; background: transparent; }
QLabel#detail { font-size: 13pt; background: transparent; }
QLabel#materials { font-size: 12pt; color: #33475b; background: transparent; }
QLabel#cardTitle { font-size: 13pt; font-weight: bold; color: #4a5a6c; background: transparent; }
QLabel#summary { font-size: 13pt; font-weight: bold; color: #0b3d91; background: transparent; }
QTableWidget { font-size: 13pt; background: #ffffff; gridline-color: #e3e8ef; }
QHeaderView::section { font-size: 11pt; background: #e9eef5; padding: 4px; border: none; }
QPushButton { font-size: 14pt; padding: 8px 12px; border-radius: 8px; background: #ffffff;
              border: 2px solid #0b3d91; color: #0b3d91; min-height: 44px; }
QPushButton:disabled { color: #a7b1bd; border-color: #d0d7e2; background: #eef1f5; }
QPushButton#action { font-size: 15pt; font-weight: bold; min-height: 66px; }
QPushButton#primary { background: #0b3d91; color: #ffffff; font-weight: bold; }
QPushButton#primary:disabled { background: #b8c4d6; color: #eef1f5; border-color: #b8c4d6; }
QPushButton#choice { font-size: 16pt; min-height: 64px; text-align: left; padding-left: 18px; }
QPushButton#preset { min-height: 68px; }
QLineEdit { font-size: 15pt; padding: 8px; border: 1px solid #9fb0c4; border-radius: 6px;
            background: #ffffff; min-height: 36px; }
QListWidget { font-size: 14pt; background: #ffffff; }
QListWidget::item { padding: 8px; }
QListWidget::item:selected { background: #0b3d91; color: #ffffff; }
QLabel#error { color: #c62828; font-size: 13pt; }
"""
