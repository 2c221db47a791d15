# Links: a crash in a linked process takes the shell down with it.
x = 42
shell = self()
pid = spawn_link(fn -> receive do :crash -> exit(:boom) end end)
Process.alive?(pid)
send(pid, :crash); Process.sleep(50)
x
self() == shell
is_pid(self())
spawn_link(fn -> :returns_normally end); Process.sleep(20)
:still_alive
Process.flag(:trap_exit, true)
pid = spawn_link(fn -> exit(:boom) end)
receive do
  {:EXIT, ^pid, reason} -> {:got_exit, reason}
after
  500 -> :no_exit_message
end
spawn_link(fn -> :ok end); Process.sleep(20)
flush()
other = spawn(fn -> receive do :go -> exit({:bad, :thing}) end end)
Process.link(other)
send(other, :go); Process.sleep(20)
flush()
Process.flag(:trap_exit, false)
Process.exit(self(), :normal)
:a_normal_exit_signal_to_itself_ends_the_shell_quietly
Process.exit(self(), :kill)
:new_shell
Process.flag(:trap_exit, true)
Process.exit(self(), :please_stop)
flush()
Process.flag(:trap_exit, false)
exit_link = spawn(fn -> receive do :never -> :ok end end)
Process.link(exit_link)
Process.exit(exit_link, :shutdown); Process.sleep(50)
:after_shutdown
