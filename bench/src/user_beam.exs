# The BEAM side of otpsim-bench's user-code workloads. bench/src/beam.rs
# writes this file, user.ex and workloads.tsv into a temporary directory and
# runs `elixir --erl "+S 1" user_beam.exs` there.
#
# Each line of workloads.tsv is, tab-separated: kind (`time` or `memory`),
# name, operations, runs, setup, call, teardown, and the call's value as
# `inspect` prints it. Setup, call and teardown are chunks evaluated as the
# console evaluates them, bindings carried from one to the next. Prints
#
#     version ELIXIR OTP
#     time NAME OPS MICROSECONDS         (one line per run)
#     memory NAME OPS BYTES              (bytes the processes grew by)

Code.require_file("user.ex", __DIR__)

defmodule Bench.Driver do
  # Lets every process that can run do so: the console likewise settles
  # the world (spawned processes reach their `receive`) before it returns.
  def settle do
    if :erlang.statistics(:total_run_queue_lengths_all) > 0 do
      :erlang.yield()
      settle()
    end
  end

  def eval("", binding), do: binding

  def eval(chunk, binding) do
    {_, binding} = Code.eval_string(chunk, binding)
    binding
  end

  def call(name, call, expect, binding) do
    {value, binding} = Code.eval_string(call, binding)
    settle()

    if inspect(value) != expect do
      raise "#{name}: #{call} returned #{inspect(value)}, expected #{expect}"
    end

    binding
  end

  def run(["time", name, ops, runs, setup, call, teardown, expect]) do
    for _ <- 1..String.to_integer(runs) do
      binding = eval(setup, [])
      {micros, binding} = :timer.tc(fn -> call(name, call, expect, binding) end)
      eval(teardown, binding)
      IO.puts("time #{name} #{ops} #{micros}")
    end
  end

  def run(["memory", name, ops, _runs, setup, call, teardown, expect]) do
    binding = eval(setup, [])
    :erlang.garbage_collect()
    before = :erlang.memory(:processes)
    binding = call(name, call, expect, binding)
    :erlang.garbage_collect()
    bytes = :erlang.memory(:processes) - before
    eval(teardown, binding)
    IO.puts("memory #{name} #{ops} #{bytes}")
  end
end

IO.puts("version #{System.version()} #{System.otp_release()}")

Path.join(__DIR__, "workloads.tsv")
|> File.read!()
|> String.split("\n", trim: true)
|> Enum.each(&Bench.Driver.run(String.split(&1, "\t")))
