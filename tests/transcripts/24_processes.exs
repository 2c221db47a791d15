# Spawning processes, sending and receiving messages.
is_pid(self())
pid = spawn(fn -> 1 + 2 end)
Process.sleep(20)
Process.alive?(pid)
Process.alive?(self())
send(self(), {:hello, "world"})
receive do
  {:hello, msg} -> msg
  {:world, _msg} -> "won't match"
end
receive do
  {:hello, msg} -> msg
after
  100 -> "nothing after 100 ms"
end
parent = self()
spawn(fn -> send(parent, {:result, 6 * 7}) end)
receive do
  {:result, n} -> n
end
send(self(), :one); send(self(), :two); send(self(), {:three, 3})
flush()
flush()
for i <- 1..3, do: send(self(), {:n, i})
Process.info(self(), :message_queue_len)
receive do
  {:n, 2} -> :picked_the_second_one
end
flush()
pinger = spawn(fn ->
  receive do
    {:ping, from} -> send(from, :pong)
  end
end)
send(pinger, {:ping, self()})
receive do
  :pong -> :got_pong
after
  1_000 -> :timeout
end
Process.sleep(20); Process.alive?(pinger)
echo = spawn(fn -> receive do msg -> IO.puts("echo got #{inspect(msg)}") end end)
send(echo, :hi); Process.sleep(50)
spawn(fn -> raise "oops" end); Process.sleep(100)
Process.alive?(self())
waiter = spawn(fn -> receive do :never -> :ok end end)
Process.info(waiter, :status)
send(waiter, :not_what_it_waits_for)
Process.info(waiter, :message_queue_len)
Process.exit(waiter, :kill)
Process.sleep(20); Process.alive?(waiter)
send(waiter, :sending_to_a_dead_pid_is_fine)
receive do
  _ -> :something
after
  0 -> :mailbox_is_empty
end
