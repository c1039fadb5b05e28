"""`hall-demo`: the sample district on one machine, with simulated citizens and clerks."""
