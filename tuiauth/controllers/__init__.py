"""What the screens share without being screens: the job runner, the backup and restore controllers,
and the backup texts the screens and the backup marker show."""
