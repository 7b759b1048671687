"""Fees paid online: payment attempts, the gateway adapters (VNPay 2.1.0), callbacks,
reconciliation and receipts. Only a verified gateway notification changes money state."""
