"""Lexical knowledge shared by the components: name folding, places, officeholders, titles."""
