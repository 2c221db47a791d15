# task: written by the OTP prelude work.
