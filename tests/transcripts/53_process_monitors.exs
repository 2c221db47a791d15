# Process.info/2's :monitors and :monitored_by (compared against what the
# shell held before, since iex's own evaluator may hold monitors).
a = spawn(fn -> receive do :stop -> :ok end end)
b = spawn(fn -> receive do :stop -> :ok end end)
{:monitors, before} = Process.info(self(), :monitors); is_list(before)
ref = Process.monitor(a)
{:monitors, ms} = Process.info(self(), :monitors); ms -- before == [process: a]
{:monitored_by, by} = Process.info(a, :monitored_by); by == [self()]
Process.info(b, :monitors)
Process.info(b, :monitored_by)
ref_b = Process.monitor(b); {:monitors, ms} = Process.info(self(), :monitors); Enum.sort(ms -- before) == Enum.sort([process: a, process: b])
Process.demonitor(ref); {:monitors, ms} = Process.info(self(), :monitors); ms -- before == [process: b]
Process.info(a, :monitored_by)
send(b, :stop); receive do {:DOWN, ^ref_b, :process, _, reason} -> reason end
{:monitors, ms} = Process.info(self(), :monitors); ms -- before
w = spawn(fn -> Process.monitor(a); receive do :stop -> :ok end end); Process.sleep(10); {:monitored_by, by} = Process.info(a, :monitored_by); by == [w]
Process.info(w, :monitors) == {:monitors, [process: a]}
