"""The gettext catalogs (Babel): messages.pot and <lang>/LC_MESSAGES/messages.po.

A package only so that a wheel ships them beside bot/ (bot/i18n.py reads them).
"""
