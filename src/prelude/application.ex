defmodule :application_master do
  @moduledoc false
  # OTP's application master, reduced to what the simulation needs: it
  # starts an application's top supervisor linked to itself and waits.
  # When the supervisor exits, the application (temporary, as every
  # built-in one is) has stopped, and the master ends with it.

  def start_it(app, module, function) do
    Process.flag(:trap_exit, true)

    case apply(module, function, []) do
      {:ok, pid} when is_pid(pid) -> wait(app, pid)
      {:ok, pid, _info} when is_pid(pid) -> wait(app, pid)
      other -> :otpsim.application_stopped(app, other)
    end
  end

  defp wait(app, pid) do
    receive do
      {:EXIT, ^pid, reason} -> :otpsim.application_stopped(app, reason)
    end
  end
end
