# enum
