/*
 * tests/tmx_check.c - see tmx_check.h.
 */
#include "tmx_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/valid.h>

char *tmx_check_read(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *text = NULL;
    long size;

    if (fp == NULL)
        return NULL;
    if (fseek(fp, 0, SEEK_END) == 0 && (size = ftell(fp)) >= 0) {
        rewind(fp);
        text = malloc((size_t)size + 1);
        if (text != NULL && fread(text, 1, (size_t)size, fp) != (size_t)size) {
            free(text);
            text = NULL;
        }
        if (text != NULL)
            text[size] = '\0';
    }
    fclose(fp);
    return text;
}

char *tmx_check_strip_dates(char *text)
{
    static const char attr[] = " creationdate=\"";
    char *out = text, *p = text;

    while (*p != '\0') {
        char *end;

        if (strncmp(p, attr, sizeof attr - 1) == 0 &&
            (end = strchr(p + sizeof attr - 1, '"')) != NULL) {
            p = end + 1;
            continue;
        }
        *out++ = *p++;
    }
    *out = '\0';
    return text;
}

int tmx_check_dtd(const char *path, const char *dtd_path)
{
    static int said;
    xmlDocPtr doc;
    xmlDtdPtr dtd;
    xmlValidCtxtPtr ctxt;
    int ok = 0;

    if (access(dtd_path, R_OK) != 0) {
        if (!said)
            printf("tmx14.dtd not found at %s: DTD validation skipped\n",
                   dtd_path);
        said = 1;
        return -1;
    }
    doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    dtd = xmlParseDTD(NULL, (const xmlChar *)dtd_path);
    ctxt = xmlNewValidCtxt();
    if (doc != NULL && dtd != NULL && ctxt != NULL)
        ok = xmlValidateDtd(ctxt, doc, dtd) == 1;
    xmlFreeValidCtxt(ctxt);
    xmlFreeDtd(dtd);
    xmlFreeDoc(doc);
    return ok;
}

size_t tmx_check_billion_laughs(char *buf, size_t size)
{
    size_t used = (size_t)snprintf(buf, size,
                                   "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [\n"
                                   "<!ENTITY lol0 \"lol\">\n");

    for (int i = 1; i < 10; i++) {
        used += (size_t)snprintf(buf + used, size - used,
                                 "<!ENTITY lol%d \"", i);
        for (int k = 0; k < 10; k++)
            used += (size_t)snprintf(buf + used, size - used, "&lol%d;",
                                     i - 1);
        used += (size_t)snprintf(buf + used, size - used, "\">\n");
    }
    used += (size_t)snprintf(buf + used, size - used,
                             "]>\n<tmx version=\"1.4\"><header/><body><tu>"
                             "<tuv xml:lang=\"en\"><seg>&lol9;</seg></tuv>"
                             "</tu></body></tmx>\n");
    return used;
}
