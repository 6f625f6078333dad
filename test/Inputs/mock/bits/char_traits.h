// Mock <bits/char_traits.h>.
#ifndef _MOCK_BITS_CHAR_TRAITS_H
#define _MOCK_BITS_CHAR_TRAITS_H 1

#pragma GCC system_header

namespace std {

template <class CharT> struct char_traits {
  typedef CharT char_type;
  typedef int int_type;
  static __SIZE_TYPE__ length(const char_type *s);
};

} // namespace std

#endif // _MOCK_BITS_CHAR_TRAITS_H
