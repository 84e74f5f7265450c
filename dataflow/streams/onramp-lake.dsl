# A tap on the captured events into the data lake (its own consumer group, so the lake never slows
# the main stream, and the main stream never waits for the lake).
:onramp.event-capture > event-lake-sink
