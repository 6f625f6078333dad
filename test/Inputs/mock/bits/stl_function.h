// Mock <bits/stl_function.h>: comparison function objects.
#ifndef _MOCK_BITS_STL_FUNCTION_H
#define _MOCK_BITS_STL_FUNCTION_H 1

#pragma GCC system_header

namespace std {

template <class T> struct less {
  constexpr bool operator()(const T &x, const T &y) const { return x < y; }
};
template <class T> struct greater {
  constexpr bool operator()(const T &x, const T &y) const { return y < x; }
};
template <class T> struct equal_to {
  constexpr bool operator()(const T &x, const T &y) const { return x == y; }
};
template <class T> struct plus {
  constexpr T operator()(const T &x, const T &y) const { return x + y; }
};

} // namespace std

#endif // _MOCK_BITS_STL_FUNCTION_H
