# gen_server: written by the OTP prelude work.
