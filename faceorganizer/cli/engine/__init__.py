"""Commands that run the face engine on the images given (no library): detect, draw, match."""
