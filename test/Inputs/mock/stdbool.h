/* Mock <stdbool.h>. */
#ifndef _MOCK_STDBOOL_H
#define _MOCK_STDBOOL_H 1

#ifndef __cplusplus
# define bool _Bool
# define true 1
# define false 0
#endif
#define __bool_true_false_are_defined 1

#endif /* _MOCK_STDBOOL_H */
