# stream
