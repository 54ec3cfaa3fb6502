//! Zoho Desk emulator.
