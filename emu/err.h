/*
 * Host-side error codes: negative, named, returned by every fallible
 * function of the machine and the driver. err_str() gives the message.
 */
#ifndef EMU_ERR_H
#define EMU_ERR_H

enum {
	ERR_OK = 0,
	ERR_INVAL = -1,      /* bad argument or option */
	ERR_NOMEM = -2,      /* host allocation failed */
	ERR_IO = -3,         /* file could not be read */
	ERR_FORMAT = -4,     /* file is not what it should be (ELF, config) */
	ERR_RANGE = -5,      /* address or size outside the board's map */
};

const char *err_str(int rc);

#endif
