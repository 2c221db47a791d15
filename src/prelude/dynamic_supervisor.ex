# dynamic_supervisor: written by the OTP prelude work.
