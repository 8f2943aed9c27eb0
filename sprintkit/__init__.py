"""sprintkit."""
