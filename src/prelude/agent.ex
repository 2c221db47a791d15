# agent: written by the OTP prelude work.
