# What a module tells about itself: __info__/1 and module_info/0,1.
defmodule Shape do
  @moduledoc "Shapes."
  @behaviour GenServer
  defstruct sides: 3, name: nil
  def area({:square, s}), do: s * s
  def area({:circle, r}), do: 3.14159 * r * r
  def sides(%Shape{sides: n}), do: n
  defp helper, do: :private
  def uses_helper, do: helper()
end
Shape.__info__(:functions)
Shape.__info__(:module)
Shape.__info__(:macros)
Shape.__info__(:struct)
Shape.module_info(:exports)
Shape.module_info(:module)
Shape.module_info() |> Keyword.keys()
Shape.module_info(:nope)
Shape.__info__(:nope)
function_exported?(Shape, :area, 1)
function_exported?(Shape, :helper, 0)
function_exported?(Shape, :module_info, 1)
Code.ensure_loaded(Shape)
Code.ensure_loaded(NoSuchModule)
# `use GenServer` without init/1: Elixir injects one, with a warning.
defmodule Bare do
  use GenServer
end
{:ok, bare} = GenServer.start_link(Bare, %{n: 1})
:sys.get_state(bare)
defmodule Empty do
end
