# Structs: maps with a fixed set of fields and defaults.
defmodule User do
  defstruct name: "John", age: 27
end
%User{}
%User{name: "Jane"}
%User{oops: :field}
john = %User{}
john.name
jane = %{john | name: "Jane"}
%{jane | oops: :field}
%User{name: name} = jane
name
%User{} = %{}
is_map(john)
john.__struct__
Map.keys(john)
Map.from_struct(john)
struct(User, age: 40)
struct!(User, nickname: "J")
john[:name]
Enum.count(john)
defmodule Product do
  defstruct [:title, price: 0, tags: []]
end
%Product{}
%Product{title: "Lamp", tags: ["home"]}
defmodule Car do
  @enforce_keys [:make]
  defstruct [:model, :make]
end
%Car{}
%Car{make: "Volvo"}
struct!(Car, model: "V70")
defmodule Point do
  defstruct x: 0, y: 0

  def new(x, y), do: %Point{x: x, y: y}
  def add(%Point{x: x1, y: y1}, %Point{x: x2, y: y2}), do: %Point{x: x1 + x2, y: y1 + y2}
end
Point.add(Point.new(1, 2), Point.new(10, 20))
Point.add(%{x: 1, y: 2}, Point.new(0, 0))
%Point{x: 1} == %{__struct__: Point, x: 1, y: 0}
inspect(%Point{}, structs: false)
