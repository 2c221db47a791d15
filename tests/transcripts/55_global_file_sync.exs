# :global from the shell and from a spawned process alike, a write with
# the :sync mode, and File.Error's text for :eio (a failing disk).
File.mkdir("sync")
File.write("sync/a", "x", [:sync])
File.read("sync/a")
Exception.message(%File.Error{reason: :eio, action: "write to file", path: "sync/a"})
parent = self()
:global.register_name(:t55, self())
:global.whereis_name(:t55) == self()
spawn(fn -> send(parent, {:seen, :global.whereis_name(:t55), :global.registered_names()}) end)
receive do {:seen, p, names} -> {p == parent, names} end
:global.send(:t55, :hello)
receive do m -> m end
:global.register_name(:t55, spawn(fn -> :ok end))
:global.unregister_name(:t55)
:global.whereis_name(:t55)
:global.send(:t55, :hello)
:rand.uniform(5) in 1..5
