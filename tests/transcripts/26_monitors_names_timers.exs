# Monitors, registered names, timers and the process dictionary.
pid = spawn(fn -> receive do :stop -> :ok end end)
ref = Process.monitor(pid)
send(pid, :stop)
receive do
  {:DOWN, ^ref, :process, ^pid, reason} -> {:down, reason}
after
  500 -> :timeout
end
ref2 = Process.monitor(pid)
receive do
  {:DOWN, ^ref2, :process, _, reason} -> reason
end
{pid, ref} = spawn_monitor(fn -> exit(:crashed) end)
receive do
  {:DOWN, _ref, :process, _pid, reason} -> reason
end
{pid, ref} = spawn_monitor(fn -> Process.sleep(:infinity) end)
Process.demonitor(ref)
Process.exit(pid, :kill); Process.sleep(20)
flush()
server = spawn(fn ->
  receive do
    {from, :who_are_you} -> send(from, {:i_am, Process.info(self(), :registered_name)})
  end
end)
Process.register(server, :greeter)
Process.whereis(:greeter) == server
send(:greeter, {self(), :who_are_you})
receive do
  {:i_am, name} -> name
end
Process.sleep(20); Process.whereis(:greeter)
send(:greeter, :anyone_there?)
Process.register(self(), :shell)
Process.register(self(), :shell)
:shell in Process.registered()
Process.unregister(:shell)
Process.whereis(:shell)
timer = Process.send_after(self(), :tick, 50)
is_reference(timer)
receive do
  :tick -> :ticked
after
  1_000 -> :late
end
timer = Process.send_after(self(), :never_arrives, 5_000)
Process.cancel_timer(timer) |> is_integer()
Process.cancel_timer(timer)
flush()
Process.put(:color, :blue)
Process.put(:color, :red)
Process.get(:color)
Process.get(:missing, :default)
Process.delete(:color)
Process.get(:color)
