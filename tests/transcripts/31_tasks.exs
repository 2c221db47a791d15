# Tasks: run a function in another process and collect the result.
task = Task.async(fn -> 20 + 22 end)
Task.await(task)
Task.async(fn -> Enum.sum(1..100) end) |> Task.await()
tasks = for n <- 1..5, do: Task.async(fn -> n * n end); length(tasks)
Task.await_many(tasks)
slow = Task.async(fn -> Process.sleep(300); :slow_result end); :started
Task.yield(slow, 20)
Task.yield(slow, 1_000)
Task.yield(slow, 0)
stuck = Task.async(fn -> Process.sleep(:infinity) end); :started
Task.shutdown(stuck)
Process.alive?(stuck.pid)
done = Task.async(fn -> :quick end); :started
Process.sleep(50)
Task.shutdown(done)
{:ok, pid} = Task.start(fn -> IO.puts("hello from a task") end); Process.sleep(50)
Process.alive?(pid)
Task.async_stream(1..4, fn n -> n * 10 end) |> Enum.to_list()
1..3 |> Task.async_stream(&String.duplicate("ab", &1)) |> Enum.map(fn {:ok, s} -> s end)
Task.start(fn -> raise "task failure" end); Process.sleep(100)
late = Task.async(fn -> Process.sleep(200); :too_late end); :started
Task.await(late, 50) |> is_nil()
Task.await(Task.async(fn -> :again end))
Task.async(fn -> exit(:task_gave_up) end) |> Task.await()
:new_shell_after_the_task_exit
Task.async(fn -> raise ArgumentError, "bad input" end) |> Task.await()
