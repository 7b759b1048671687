"""Capacity windows and bookings: home appointments, postal pickups and counter appointments."""
