# Module attributes, documentation, alias/import/require, nesting.
defmodule Circle do
  @moduledoc "Circles and their areas."
  @pi 3.14159

  @doc "The area of a circle of the given radius."
  def area(r), do: @pi * r * r

  def pi, do: @pi
  def name, do: __MODULE__
end
Circle.area(2)
Circle.pi()
Circle.name()
defmodule Shop.Cart do
  defstruct items: []

  def add(%__MODULE__{items: items} = cart, item), do: %{cart | items: [item | items]}
end
alias Shop.Cart
Cart.add(%Cart{}, :apple)
alias Shop.Cart, as: Basket
%Basket{}
defmodule Outer do
  defmodule Inner do
    def hi, do: "inner hi"
  end

  def call_inner, do: Inner.hi()
end
Outer.call_inner()
Outer.Inner.hi()
Inner.hi()
import List, only: [duplicate: 2]
duplicate(:ok, 3)
flatten([[1]])
import String
upcase("imported")
defmodule Counter do
  @initial 0
  @step 5
  def start, do: @initial
  def next(n), do: n + @step
  @step 100
  def big_next(n), do: n + @step
end
Counter.next(Counter.start())
Counter.big_next(0)
defmodule Counter do
  def start, do: :redefined
end
Counter.start()
Counter.next(1)
defmodule Broken do
  def call, do: missing_helper()
end
defmodule WithUnused do
  def f(x), do: :ok
end
WithUnused.f(1)
defmodule Attr do
  def read, do: @not_set
end
Attr.read()
