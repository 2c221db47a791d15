# collections
