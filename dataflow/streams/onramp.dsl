# The main stream: capture -> features -> decisions -> pages. Data Flow names the destinations
# onramp.event-capture, onramp.feature-aggregator and onramp.trigger-evaluator.
event-capture | feature-aggregator | trigger-evaluator | experience-sink
