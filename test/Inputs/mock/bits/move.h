// Mock <bits/move.h>: std::move, std::forward, std::swap, std::addressof.
#ifndef _MOCK_BITS_MOVE_H
#define _MOCK_BITS_MOVE_H 1

#pragma GCC system_header

#include <type_traits>

namespace std {

template <class T>
constexpr typename remove_reference<T>::type &&move(T &&t) noexcept {
  return static_cast<typename remove_reference<T>::type &&>(t);
}

template <class T>
constexpr T &&forward(typename remove_reference<T>::type &t) noexcept {
  return static_cast<T &&>(t);
}

template <class T>
constexpr T &&forward(typename remove_reference<T>::type &&t) noexcept {
  return static_cast<T &&>(t);
}

template <class T> constexpr T *addressof(T &r) noexcept {
  return __builtin_addressof(r);
}

template <class T,
          class = typename enable_if<is_move_constructible<T>::value &&
                                     is_move_assignable<T>::value>::type>
void swap(T &a, T &b) noexcept(is_nothrow_move_constructible<T>::value &&
                               is_nothrow_move_assignable<T>::value) {
  T tmp = std::move(a);
  a = std::move(b);
  b = std::move(tmp);
}

template <class T, size_t N> void swap(T (&a)[N], T (&b)[N]) {
  for (size_t i = 0; i < N; ++i)
    swap(a[i], b[i]);
}

} // namespace std

#endif // _MOCK_BITS_MOVE_H
