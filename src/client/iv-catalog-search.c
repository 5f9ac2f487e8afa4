/* iv-catalog-search.c: offline catalog search over the cache (FTS5 grams and trigrams, filters, stable ranking)
 *
 * Words are matched by FTS5: 1–2 character words against the gram table
 * (Han unigrams and bigrams, Latin words), longer ones as exact substrings
 * against the trigram table.  A service's rows hold its title and
 * description; its institution's name and district are in the
 * institutions' own tables, and a word found there matches every service
 * of those institutions.  Filters and ranking run over a compact copy
 * of each service's filter columns kept in memory and rebuilt when the
 * catalog changes: that keeps a one-character query that matches half of
 * 100,000 services within a few milliseconds, where SQL joins and bm25
 * over such a result took 50–150 ms (see docs/benchmarks.md).
 */
#include "config.h"

#include "iv-catalog-search.h"
#include "iv-catalog-text.h"

#define MAX_WORDS 8
#define NO_RANK   G_MAXUINT32
#define INST_GRAM_SQL    "SELECT rowid FROM search_inst_grams WHERE search_inst_grams MATCH ?"
#define INST_TRIGRAM_SQL "SELECT rowid FROM search_inst_trigrams WHERE search_inst_trigrams MATCH ?"

/* 16 bytes: the filter pass touches every match */
typedef struct {
  gint64   price;      /* -1: 面议 / none */
  guint32  institution;
  guint8   category;
  guint8   district;
  guint8   accreditations;
} Row;

struct _IvCatalogSearch
{
  GObject       parent_instance;

  IvCacheDb    *cache;
  guint64       generation;
  gboolean      loaded;

  /* Rows in service id order: index = rank, the stable tie breaker */
  GArray       *rows;
  GArray       *rowids;       /* rowid per rank */
  GArray       *matches;      /* scratch: ranks matching every word */
  GPtrArray    *titles;       /* normalized title per rank, in chunk */
  GStringChunk *chunk;
  guint32      *rank_of;      /* rowid → rank */
  gint64        max_rowid;
  guint32       max_institution;
  GHashTable   *categories;   /* code → index + 1 */
  GHashTable   *districts;    /* name → index + 1 */

  /* The SQL function that marks matches row by row inside SQLite, which
   * is about twice as fast as stepping through the rowids from here */
  char         *mark_function;
  char         *gram_sql;
  char         *trigram_sql;
  guint8       *mark_counts;

  /* Recent word sets → ranks matching all of them: paging, changing a
   * filter or going back to an earlier query does not search again */
  GHashTable   *match_cache;  /* key → GArray of guint32 */
  GQueue        match_order;  /* keys, most recent first */
  guint         cache_size;
  guint         mark_word;
};

G_DEFINE_FINAL_TYPE (IvCatalogSearch, iv_catalog_search, G_TYPE_OBJECT)

static void
clear_tables (IvCatalogSearch *self)
{
  g_array_set_size (self->rows, 0);
  g_array_set_size (self->rowids, 0);
  g_ptr_array_set_size (self->titles, 0);
  g_clear_pointer (&self->chunk, g_string_chunk_free);
  g_clear_pointer (&self->rank_of, g_free);
  g_hash_table_remove_all (self->categories);
  g_hash_table_remove_all (self->districts);
  g_queue_clear (&self->match_order);
  g_hash_table_remove_all (self->match_cache);
  self->max_rowid = 0;
  self->max_institution = 0;
  self->loaded = FALSE;
}

static void
iv_catalog_search_dispose (GObject *object)
{
  IvCatalogSearch *self = IV_CATALOG_SEARCH (object);

  if (self->cache != NULL)
    sqlite3_create_function_v2 (iv_store_db_get_handle (iv_cache_db_get_db (self->cache)),
                                self->mark_function, 1, SQLITE_UTF8, NULL, NULL, NULL, NULL, NULL);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (iv_catalog_search_parent_class)->dispose (object);
}

static void
iv_catalog_search_finalize (GObject *object)
{
  IvCatalogSearch *self = IV_CATALOG_SEARCH (object);

  clear_tables (self);
  g_array_unref (self->rows);
  g_array_unref (self->rowids);
  g_array_unref (self->matches);
  g_ptr_array_unref (self->titles);
  g_hash_table_unref (self->categories);
  g_hash_table_unref (self->districts);
  g_hash_table_unref (self->match_cache);
  g_free (self->mark_function);
  g_free (self->gram_sql);
  g_free (self->trigram_sql);

  G_OBJECT_CLASS (iv_catalog_search_parent_class)->finalize (object);
}

static void
iv_catalog_search_class_init (IvCatalogSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = iv_catalog_search_dispose;
  object_class->finalize = iv_catalog_search_finalize;
}

static void
iv_catalog_search_init (IvCatalogSearch *self)
{
  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->titles = g_ptr_array_new ();
  self->categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->districts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->match_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_array_unref);
  g_queue_init (&self->match_order);
  self->cache_size = 16;
}

/* iv_search_mark_<n> (rowid): counts one more matched word for the row */
static void
mark_cb (sqlite3_context  *context,
         int               argc,
         sqlite3_value   **argv)
{
  IvCatalogSearch *self = sqlite3_user_data (context);
  gint64 rowid = sqlite3_value_int64 (argv[0]);
  guint32 rank;

  sqlite3_result_null (context);
  if (rowid <= 0 || rowid > self->max_rowid)
    return;
  rank = self->rank_of[rowid];
  if (rank != NO_RANK && self->mark_counts[rank] == self->mark_word)
    self->mark_counts[rank] = self->mark_word + 1;
}

IvCatalogSearch *
iv_catalog_search_new (IvCacheDb *cache)
{
  static guint serial;
  IvCatalogSearch *self;

  g_return_val_if_fail (IV_IS_CACHE_DB (cache), NULL);

  self = g_object_new (IV_TYPE_CATALOG_SEARCH, NULL);
  self->cache = g_object_ref (cache);
  self->mark_function = g_strdup_printf ("iv_search_mark_%u", ++serial);
  self->gram_sql = g_strdup_printf ("SELECT count (%s (rowid)) FROM search_grams WHERE search_grams MATCH ?",
                                    self->mark_function);
  self->trigram_sql = g_strdup_printf ("SELECT count (%s (rowid)) FROM search_trigrams WHERE search_trigrams MATCH ?",
                                       self->mark_function);
  sqlite3_create_function_v2 (iv_store_db_get_handle (iv_cache_db_get_db (cache)),
                              self->mark_function, 1, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                              self, mark_cb, NULL, NULL, NULL);
  return self;
}

static guint8
intern_index (GHashTable *table,
              const char *value)
{
  gpointer found;
  guint index;

  if (value == NULL)
    return 0;
  found = g_hash_table_lookup (table, value);
  if (found != NULL)
    return GPOINTER_TO_UINT (found);
  /* Six categories and sixteen districts; more than 254 is not a catalog
   * we know, and such rows just do not match that filter */
  if (g_hash_table_size (table) >= 254)
    return 255;
  index = g_hash_table_size (table) + 1;
  g_hash_table_insert (table, g_strdup (value), GUINT_TO_POINTER (index));
  return index;
}

static gboolean
ensure_loaded (IvCatalogSearch  *self,
               GError          **error)
{
  IvStoreDb *db = iv_cache_db_get_db (self->cache);
  guint64 generation = iv_cache_db_get_catalog_generation (self->cache);
  sqlite3_stmt *stmt;
  int rc;

  if (self->loaded && generation == self->generation)
    return TRUE;

  clear_tables (self);
  self->chunk = g_string_chunk_new (64 * 1024);

  stmt = iv_store_db_prepare (db,
                              "SELECT s.rowid, s.category, i.district, i.accreditations, s.price_fen,"
                              " i.rowid, s.title_key FROM services s"
                              " LEFT JOIN institutions i ON i.id = s.institution_id ORDER BY s.id",
                              error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      Row row = {
        .category = intern_index (self->categories, (const char *) sqlite3_column_text (stmt, 1)),
        .district = intern_index (self->districts, (const char *) sqlite3_column_text (stmt, 2)),
        .accreditations = sqlite3_column_int (stmt, 3),
        .price = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 4),
        .institution = sqlite3_column_int (stmt, 5),
      };

      g_array_append_val (self->rows, row);
      g_array_append_val (self->rowids, rowid);
      g_ptr_array_add (self->titles, g_string_chunk_insert (self->chunk, (const char *) sqlite3_column_text (stmt, 6)));
      self->max_rowid = MAX (self->max_rowid, rowid);
      self->max_institution = MAX (self->max_institution, row.institution);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      iv_store_db_set_error (db, error, "Cannot read the catalog");
      clear_tables (self);
      return FALSE;
    }

  self->rank_of = g_new (guint32, self->max_rowid + 1);
  memset (self->rank_of, 0xff, sizeof (guint32) * (self->max_rowid + 1));
  for (guint i = 0; i < self->rows->len; i++)
    self->rank_of[g_array_index (self->rowids, gint64, i)] = i;

  self->generation = generation;
  self->loaded = TRUE;
  return TRUE;
}

/* Runs one FTS5 expression (all words of one table, ANDed, so FTS5
 * intersects them itself); counts[rank] goes from pass to pass + 1 for
 * rows that matched every earlier pass.  institutions (or NULL): flags by
 * institution rowid, whose services match this pass as well. */
static gboolean
match_pass (IvCatalogSearch  *self,
            const char       *sql,
            const char       *expression,
            guint             pass,
            const guint8     *institutions,
            guint8           *counts,
            GError          **error)
{
  IvStoreDb *db = iv_cache_db_get_db (self->cache);
  sqlite3_stmt *stmt;
  int rc;

  stmt = iv_store_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  self->mark_counts = counts;
  self->mark_word = pass;
  sqlite3_bind_text (stmt, 1, expression, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  self->mark_counts = NULL;
  if (rc != SQLITE_ROW)
    {
      iv_store_db_set_error (db, error, "Cannot search the catalog");
      return FALSE;
    }
  if (institutions != NULL)
    {
      const Row *rows = (const Row *) (gpointer) self->rows->data;

      for (guint rank = 0; rank < self->rows->len; rank++)
        if (counts[rank] == pass && institutions[rows[rank].institution])
          counts[rank] = pass + 1;
    }
  return TRUE;
}

/* *out_flags: flags (by institution rowid) of the institutions whose
 * name or district matches expression, NULL when none does */
static gboolean
match_institutions (IvCatalogSearch  *self,
                    const char       *sql,
                    const char       *expression,
                    guint8          **out_flags,
                    GError          **error)
{
  IvStoreDb *db = iv_cache_db_get_db (self->cache);
  g_autofree guint8 *flags = NULL;
  sqlite3_stmt *stmt;
  gboolean any = FALSE;
  int rc;

  *out_flags = NULL;
  stmt = iv_store_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  flags = g_malloc0 (self->max_institution + 1);
  sqlite3_bind_text (stmt, 1, expression, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      /* Institutions without services do not matter */
      if (rowid > 0 && rowid <= self->max_institution)
        {
          flags[rowid] = 1;
          any = TRUE;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      iv_store_db_set_error (db, error, "Cannot search the catalog");
      return FALSE;
    }
  if (any)
    *out_flags = g_steal_pointer (&flags);
  return TRUE;
}

static void
append_term (GString    *expression,
             const char *term)
{
  if (term == NULL)
    return;
  if (expression->len > 0)
    g_string_append (expression, " AND ");
  g_string_append (expression, term);
}

static guint32
institution_rowid (IvCatalogSearch *self,
                   const char      *id)
{
  sqlite3_stmt *stmt = iv_store_db_prepare (iv_cache_db_get_db (self->cache),
                                            "SELECT rowid FROM institutions WHERE id = ?", NULL);
  guint32 rowid = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    rowid = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return rowid;
}

static IvService *
load_service (IvCatalogSearch  *self,
              gint64            rowid,
              GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  IvService *service = iv_cache_db_get_service_at (self->cache, rowid, &local_error);

  if (g_error_matches (local_error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND))
    g_set_error (error, IV_STORE_ERROR, IV_STORE_ERROR_NOT_FOUND, "A service vanished during search");
  else if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return service;
}

void
iv_catalog_search_set_cache_size (IvCatalogSearch *self,
                                  guint            n_queries)
{
  g_return_if_fail (IV_IS_CATALOG_SEARCH (self));

  self->cache_size = n_queries;
  while (g_queue_get_length (&self->match_order) > self->cache_size)
    g_hash_table_remove (self->match_cache, g_queue_pop_tail (&self->match_order));
}

GPtrArray *
iv_catalog_search_run (IvCatalogSearch  *self,
                       IvCatalogQuery   *query,
                       guint            *out_total,
                       GError          **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) page = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(GStrv) all_words = NULL;
  const char *words[MAX_WORDS + 1] = { NULL, };
  g_autofree guint8 *counts = NULL;
  g_autofree guint8 *scores = NULL;
  GArray *matches = NULL;
  guint n_words = 0, n_rows, total = 0, skip, want;
  guint per_score[MAX_WORDS + 2] = { 0, };
  guint category = 0, district = 0;
  guint32 institution = 0;
  IvAccreditation accreditations;
  gint64 price_min, price_max;
  gboolean price_filter;

  g_return_val_if_fail (IV_IS_CATALOG_SEARCH (self), NULL);
  g_return_val_if_fail (IV_IS_CATALOG_QUERY (query), NULL);

  if (!ensure_loaded (self, error))
    return NULL;
  n_rows = self->rows->len;

  /* A filter naming something the catalog lacks matches nothing */
  if (iv_catalog_query_get_category (query) != NULL &&
      (category = GPOINTER_TO_UINT (g_hash_table_lookup (self->categories,
                                                         iv_catalog_query_get_category (query)))) == 0)
    goto done;
  if (iv_catalog_query_get_district (query) != NULL &&
      (district = GPOINTER_TO_UINT (g_hash_table_lookup (self->districts,
                                                         iv_catalog_query_get_district (query)))) == 0)
    goto done;
  if (iv_catalog_query_get_institution_id (query) != NULL &&
      (institution = institution_rowid (self, iv_catalog_query_get_institution_id (query))) == 0)
    goto done;
  accreditations = iv_catalog_query_get_accreditations (query);
  price_min = iv_catalog_query_get_price_min (query);
  price_max = iv_catalog_query_get_price_max (query);
  price_filter = price_min >= 0 || price_max >= 0;

  all_words = iv_catalog_text_split_query (iv_catalog_query_get_text (query));
  for (guint i = 0; all_words[i] != NULL && n_words < MAX_WORDS; i++)
    words[n_words++] = all_words[i];

  g_array_set_size (self->matches, 0);
  {
    g_autoptr(GString) trigram_expression = g_string_new (NULL);
    g_autoptr(GString) gram_expression = g_string_new (NULL);
    g_autoptr(GString) key = g_string_new (NULL);
    /* Words also found in institutions' names or districts: a pass each */
    char *own_expression[MAX_WORDS] = { NULL, };
    const char *own_sql[MAX_WORDS] = { NULL, };
    guint8 *own_institutions[MAX_WORDS] = { NULL, };
    guint n_own = 0, n_terms = 0;
    gboolean ok = TRUE;

    for (guint w = 0; w < n_words && ok; w++)
      {
        g_autofree char *trigram = iv_catalog_text_trigram_query (words[w]);
        g_autofree char *gram = trigram == NULL ? iv_catalog_text_gram_query (words[w]) : NULL;
        guint8 *institutions = NULL;

        if (trigram == NULL && gram == NULL)
          continue;
        n_terms++;
        g_string_append_printf (key, "%c%s\x1f", trigram != NULL ? 't' : 'g', trigram != NULL ? trigram : gram);
        if (!match_institutions (self, trigram != NULL ? INST_TRIGRAM_SQL : INST_GRAM_SQL,
                                 trigram != NULL ? trigram : gram, &institutions, error))
          {
            ok = FALSE;
            break;
          }
        if (institutions != NULL)
          {
            own_expression[n_own] = g_strdup (trigram != NULL ? trigram : gram);
            own_sql[n_own] = trigram != NULL ? self->trigram_sql : self->gram_sql;
            own_institutions[n_own++] = institutions;
          }
        else if (trigram != NULL)
          append_term (trigram_expression, trigram);
        else
          append_term (gram_expression, gram);
      }
    if (n_terms == 0)
      n_words = 0;

    if (ok && n_words > 0 && (matches = g_hash_table_lookup (self->match_cache, key->str)) != NULL)
      {
        GList *link = g_queue_find_custom (&self->match_order, key->str, (GCompareFunc) strcmp);
        g_queue_unlink (&self->match_order, link);
        g_queue_push_head_link (&self->match_order, link);
      }
    else if (ok && n_words > 0)
      {
        guint pass = 0;

        counts = g_malloc0 (MAX (n_rows, 1));
        if (trigram_expression->len > 0)
          ok = match_pass (self, self->trigram_sql, trigram_expression->str, pass++, NULL, counts, error);
        if (ok && gram_expression->len > 0)
          ok = match_pass (self, self->gram_sql, gram_expression->str, pass++, NULL, counts, error);
        for (guint i = 0; ok && i < n_own; i++)
          ok = match_pass (self, own_sql[i], own_expression[i], pass++, own_institutions[i], counts, error);
        if (ok)
          {
            for (guint32 rank = 0; rank < n_rows; rank++)
              if (counts[rank] == pass)
                g_array_append_val (self->matches, rank);
            matches = self->matches;
          }

        if (ok && self->cache_size > 0)
          {
            GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (guint32), matches->len);
            char *owned = g_strdup (key->str);

            g_array_append_vals (copy, matches->data, matches->len);
            g_hash_table_insert (self->match_cache, owned, copy);
            g_queue_push_head (&self->match_order, owned);
            while (g_queue_get_length (&self->match_order) > self->cache_size)
              g_hash_table_remove (self->match_cache, g_queue_pop_tail (&self->match_order));
          }
      }
    else if (ok)
      {
        for (guint32 rank = 0; rank < n_rows; rank++)
          g_array_append_val (self->matches, rank);
        matches = self->matches;
      }

    for (guint i = 0; i < n_own; i++)
      {
        g_free (own_expression[i]);
        g_free (own_institutions[i]);
      }
    if (!ok)
      return NULL;
  }

  /* Filter the matches, and score them: 1 + how many words the title
   * holds; scores[rank] stays 0 for no match */
  scores = g_malloc0 (MAX (n_rows, 1));
  for (guint i = 0; i < matches->len; i++)
    {
      guint32 rank = g_array_index (matches, guint32, i);
      const Row *row = &g_array_index (self->rows, Row, rank);
      guint score = 1;

      if ((category != 0 && row->category != category) ||
          (district != 0 && row->district != district) ||
          (institution != 0 && row->institution != institution) ||
          (row->accreditations & accreditations) != accreditations ||
          (price_filter && (row->price < 0 ||
                            (price_min >= 0 && row->price < price_min) ||
                            (price_max >= 0 && row->price > price_max))))
        continue;
      for (guint w = 0; w < n_words; w++)
        if (strstr (g_ptr_array_index (self->titles, rank), words[w]) != NULL)
          score++;
      scores[rank] = score;
      per_score[score]++;
      total++;
    }
  /* Best score first, then id order; take offset..offset+limit */
  skip = iv_catalog_query_get_offset (query);
  want = iv_catalog_query_get_limit (query);
  for (int score = n_words + 1; score >= 1 && want > 0; score--)
    {
      if (skip >= per_score[score])
        {
          skip -= per_score[score];
          continue;
        }
      for (guint rank = 0; rank < n_rows && want > 0; rank++)
        {
          if (scores[rank] != score)
            continue;
          if (skip > 0)
            {
              skip--;
              continue;
            }
          g_array_append_val (page, g_array_index (self->rowids, gint64, rank));
          want--;
        }
    }

  for (guint i = 0; i < page->len; i++)
    {
      IvService *service = load_service (self, g_array_index (page, gint64, i), error);
      if (service == NULL)
        return NULL;
      g_ptr_array_add (results, service);
    }

done:
  if (out_total != NULL)
    *out_total = total;
  return g_steal_pointer (&results);
}
