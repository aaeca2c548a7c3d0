"""The what-if deadline calculator: when a request received on a given day would be due, with the working."""
