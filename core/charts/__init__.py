"""Charts: pictures of progress, drawn to PNG only when someone asks for one."""
