/** The collection the older services and this system share. */
export const PEOPLE_COLLECTION = 'people';
