"""Plan texts shared by the tests."""

# The example week of product.md ("Plan text"), as a trainer would send it.
PRODUCT_EXAMPLE = """\
Mon: Upper body strength (45 min)
> Warm up 5 minutes first
- Push-ups 3x12
- Plank 3x60s
- Dumbbell row 4x10 @ 20kg | video: https://example.com/row.mp4
Wed: Easy run (30 min)
- Run 1x30min
Fri: Lower body (40 min)
- Back squat 5x5 @ 60kg | keep the chest up
"""
