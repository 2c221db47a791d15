# Lists are linked lists; tuples are contiguous.
list = [1, 2, true, 3]
length(list)
[1, 2, 3] ++ [4, 5, 6]
[1, true, 2, false, 3, true] -- [true, false]
[1, 2, 3, 2, 1] -- [2]
hd(list)
tl(list)
hd([])
[0 | list]
[1 | [2 | [3 | []]]]
[1 | 2]
tuple = {:ok, "hello"}
elem(tuple, 1)
tuple_size(tuple)
put_elem(tuple, 1, "world")
tuple
elem(tuple, 2)
{}
List.first([])
List.last([1, 2, 3])
List.flatten([1, [2, [3, [4]]]])
List.insert_at([1, 2, 4], 2, 3)
List.delete([:a, :b, :a], :a)
List.wrap(nil)
List.zip([[1, 2, 3], [:a, :b, :c]])
List.duplicate(:x, 4)
List.to_tuple([1, 2])
Tuple.to_list({:a, :b})
Tuple.append({1, 2}, 3)
Enum.at([10, 20, 30], 1)
3 in [1, 2, 3]
Enum.reverse([1, 2, 3])
Enum.to_list(1..40)
Enum.to_list(1..60)
for n <- 1..12, do: {n, n * n}
