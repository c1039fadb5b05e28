"""hall-display: the hall's big board and the screen above each window, with voice call-out."""
