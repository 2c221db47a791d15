# supervisor: written by the OTP prelude work.
