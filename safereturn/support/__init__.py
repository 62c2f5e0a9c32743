"""Chế độ hỗ trợ: the entitlement engine over the rule tables, and the ledger of services and payments."""
