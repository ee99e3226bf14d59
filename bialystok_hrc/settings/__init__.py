"""Settings layers: ``base`` holds everything shared; ``dev``, ``test`` and
``production`` are thin layers on top that only change what differs."""
