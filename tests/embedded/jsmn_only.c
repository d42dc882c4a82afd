/* jsmn on its own, in the configuration boooply.h compiles it with (no
 * JSMN_STRICT, no JSMN_PARENT_LINKS), so that the size report can show
 * its share apart from the library. Here its functions are extern; inside
 * boooply.h they are static. */
#include "jsmn.h"
